"""The shell: the composition root, the launcher, the main window and its dialogs (login,
errors, shortcuts), and what every feature shares (the language, resources, window
geometry)."""
