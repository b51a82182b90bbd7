"""The camera tree: kota down to RT, with cameras as leaves."""
