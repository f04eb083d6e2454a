// KioskSync: the kiosk sync client.
