"""The interactive menu: what staff see when they run main.py without a command."""
