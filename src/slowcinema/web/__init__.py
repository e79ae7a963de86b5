"""HTML out: templates (always escaped), escaping helpers, the sanitiser, the Content-Security-Policy and the last conformance pass."""
