"""The live companion: a Textual UI that runs a whole session from the keyboard."""
