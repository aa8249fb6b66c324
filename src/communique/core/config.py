"""Settings: packaged defaults from ``default_config.toml``, overridden by a user file."""

from __future__ import annotations

import copy
import os
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from communique.core.errors import ConfigError

ENV_VAR = "COMMUNIQUE_CONFIG"


def _defaults() -> dict[str, Any]:
    text = resources.files("communique.core").joinpath("default_config.toml").read_text("utf-8")
    return tomllib.loads(text)


def _merge(base: dict[str, Any], override: dict[str, Any], where: str, path: str = "") -> None:
    for key, value in override.items():
        dotted = f"{path}{key}"
        if key not in base and path not in ("stages.",):
            raise ConfigError(
                f"{where}: unknown setting '{dotted}'. Known settings in this section: "
                f"{', '.join(sorted(base)) or '(none)'}.", code="E003"
            )
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value, where, f"{dotted}.")
        else:
            if key in base and base[key] is not None and type(base[key]) is not type(value):
                if not (isinstance(base[key], (int, float)) and isinstance(value, (int, float))):
                    raise ConfigError(
                        f"{where}: setting '{dotted}' must be {type(base[key]).__name__}, "
                        f"got {type(value).__name__} ({value!r}).", code="E004"
                    )
            base[key] = value


@dataclass
class Settings:
    """Validated settings. Access sections as ``settings["nlp"]["model"]``."""

    data: dict[str, Any]

    def __getitem__(self, section: str) -> Any:
        return self.data[section]

    def with_overrides(self, override: dict[str, Any]) -> Settings:
        """Return a copy with ``override`` (a nested dict) merged in."""
        data = copy.deepcopy(self.data)
        _merge(data, override, "override")
        return Settings(data)


def load_settings(path: str | os.PathLike[str] | None = None) -> Settings:
    """Return the packaged defaults merged with the user file at ``path`` or ``$COMMUNIQUE_CONFIG``."""
    data = _defaults()
    path = path or os.environ.get(ENV_VAR)
    if path:
        p = Path(path)
        try:
            user = tomllib.loads(p.read_text("utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{p}: config file not found. Check the path given to --config or ${ENV_VAR}.", code="E001") from None
        except IsADirectoryError:
            raise ConfigError(f"{p}: is a directory, not a settings file. Pass a TOML file to --config or "
                              f"${ENV_VAR}.", code="E006") from None
        except UnicodeDecodeError as e:
            raise ConfigError(f"{p}: cannot be read as UTF-8 text ({e.reason} at byte {e.start}).",
                              code="E006") from None
        except OSError as e:
            raise ConfigError(f"{p}: cannot be read ({e.strerror or e}).", code="E006") from None
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"{p}: not valid TOML ({e}).", code="E002") from None
        _merge(data, user, str(p))
    return Settings(data)
