"""Services of donations, one module per area."""
