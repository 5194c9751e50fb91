from django.contrib.auth.hashers import BCryptSHA256PasswordHasher


class FastBCryptSHA256PasswordHasher(BCryptSHA256PasswordHasher):
    """Real bcrypt at the lowest cost: hashes stay valid for the CLI's full-cost hasher."""

    rounds = 4
