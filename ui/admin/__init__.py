"""The Administration section (issue 12), for admins only: hidden from other users, and
the server refuses them anyway. Cameras (a table with their state; add by ONVIF or URL
with the probe's result and a picture before saving; import from CSV with the dry run
shown line by line) and users (add, edit roles and areas, disable, reset a password).
Its widgets, dialogs and the pure state reducers behind them go here."""
