"""The quarter with owners: returns and who has sent them, the chase list, comparing two quarters, and
verifying a report against its manifest."""
