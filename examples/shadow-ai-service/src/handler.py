def handle(event: dict) -> dict:
    """Turn a billing event into a ledger entry."""
    return {"account": event["account"], "amount": event["amount"]}
