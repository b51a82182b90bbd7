"""Issue 17, crowd level: a camera's occupancy index over hours and days, and the crowd
rules' thresholds it is read against (the chart lives in ui/crowd)."""
