"""The archive's languages: codes and reading modes, traditional script, interface labels, dates and numerals."""
