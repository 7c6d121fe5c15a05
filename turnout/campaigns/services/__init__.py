"""Services of cooperative campaigns, one module per area."""
