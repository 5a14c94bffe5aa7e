"""Verifies webhook requests with the Standard Webhooks library, as a receiver would.

Run by io.aether.it.StandardWebhooksLibrary: argv[1] names a JSON file holding a list of
{"secret": "whsec_...", "raw": false, "headers": {...}, "body": "..."}; with "raw" the secret's
UTF-8 text is the key (how a secret of Aether's first scheme verifies). Prints one JSON list, an
entry per request: {"ok": true, "id": <the parsed body's id>} or {"ok": false, "error": "..."}.
"""
import json
import sys

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


def check(request):
    secret = request["secret"]
    webhook = Webhook(secret.encode("utf-8") if request.get("raw") else secret)
    try:
        event = webhook.verify(request["body"].encode("utf-8"), request["headers"])
    except (WebhookVerificationError, ValueError) as e:  # ValueError: a secret that is not base64
        return {"ok": False, "error": str(e)}
    return {"ok": True, "id": event.get("id")}


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        requests = json.load(f)
    print(json.dumps([check(r) for r in requests]))


if __name__ == "__main__":
    main()
