"""Group messages: what the staff wrote, to whom it went."""
