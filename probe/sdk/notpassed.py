"""Print the rules of a paycert certificate that did not pass."""
import json
import sys

cert = json.load(open(sys.argv[1]))
for p in cert["profiles"]:
    for r in p["rules"]:
        if r["verdict"] != "passed":
            print("  ", r["id"], r["level"], r["verdict"], "-", r.get("reason", "")[:220].replace("\n", " "))
