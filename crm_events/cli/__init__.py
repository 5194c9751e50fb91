"""The terminal program: parse, prompt, render. Every rule lives in the services."""
