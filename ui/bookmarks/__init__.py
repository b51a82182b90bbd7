"""Bookmarks: the dialog that makes or edits one, and the dock that searches them."""
