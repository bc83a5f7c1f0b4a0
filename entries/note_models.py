"""Staff's private notes and tags on entries."""
