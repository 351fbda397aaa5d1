"""How phones reach the laptop, shared by the portal and the printed cards: the laptop's
addresses (`network`), its advertised name (`advertise`), the join code and the URLs a card
prints (`addresses`), and their QR codes (`qr`). Nothing here serves or reads a session."""
