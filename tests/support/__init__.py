"""Helpers shared by the test tiers: free ports, subprocess peers (camsim, server)."""
