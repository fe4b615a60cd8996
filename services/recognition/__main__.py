"""`python -m services.recognition` runs the service until SIGINT/SIGTERM."""

import asyncio

from services.recognition.app import create_app

asyncio.run(create_app().run())
