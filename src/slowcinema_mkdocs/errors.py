"""How every plugin of the archive reports problems: each as an error, then one fatal PluginError."""

from __future__ import annotations

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from slowcinema.content.problems import Problems

log = get_plugin_logger("slowcinema")


def fail_on(problems: Problems, where: str = "the archive's content",
            hint: str = "Run `make check` to see them without building.") -> None:
    if problems:
        for p in problems:
            log.error(str(p))
        n = len(problems)
        raise PluginError(f"{n} problem{'s' if n != 1 else ''} in {where} (listed above). {hint}".strip())
