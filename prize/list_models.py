"""Saved views of the staff lists: filters, sort and page size under a name."""
