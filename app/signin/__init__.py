"""How the organiser proves who they are: the secret, sign-in sessions, rotation."""
