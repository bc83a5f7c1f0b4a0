"""The ceremony app's pages, one module per family: staff, public, certificates."""
