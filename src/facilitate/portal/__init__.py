"""The participants' portal: phone pages served from the laptop, in the TUI's event loop."""
