"""Date and time formats by language (settings.FORMAT_MODULE_PATH); they override Django's locale formats."""
