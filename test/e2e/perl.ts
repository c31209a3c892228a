import { spawnSync } from 'node:child_process';

/** Perl with the core modules the outsiders' Perl SDKs use. */
export const hasPerl = spawnSync('perl', ['-e', 'use HTTP::Tiny; use JSON::PP; use Digest::SHA;']).status === 0;
