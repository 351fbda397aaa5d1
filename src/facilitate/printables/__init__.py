"""Things to print for the room: table cards with QR codes, route cards, the agenda poster."""
