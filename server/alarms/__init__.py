"""Issue 17: alarm rules an administrator sets per camera or area, the alarms the
recording nodes raise from them, and their acknowledgement by operators."""
