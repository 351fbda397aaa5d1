"""The screens: home, set-up, live run, board, projector, help, and their modals."""
