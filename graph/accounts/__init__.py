"""Who may sign in: users with their roles and password hashes (`users`) and the
sign-ins revoked before they expire (`grants`)."""
