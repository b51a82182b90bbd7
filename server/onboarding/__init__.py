"""Onboarding a camera: asking the device what it is (ONVIF), what each stream carries
(RTSP), one picture from it, and where vendors put their streams when ONVIF is off.

Nothing here writes to the database: the administration layer saves what an
administrator accepts.
"""
