"""The timeline under the wall, the thumbnails it shows, and the playback transport bar."""
