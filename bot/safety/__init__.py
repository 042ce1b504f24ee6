"""The safety layer: danger to life or safety recognised in any state, the number to call, staff alerted."""
