"""Background jobs of the CRM (imports, exports, data-subject exports) register here."""
