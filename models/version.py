"""The program's version, written here only: pyproject.toml, ``rgm --version``, the About box
and the packages (spec, .deb, installer) all read it from this line."""

__version__ = "0.2.0"
