"""Subcommands of ``rgm``: each module's ``register(subparsers)`` adds its own."""
