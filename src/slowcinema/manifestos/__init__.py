"""Manifestos: principles and their versions, what changed between versions, signatories, and the page's parts."""
