"""`python -m services.insights` runs the service until SIGINT/SIGTERM."""

import asyncio

from services.insights.app import create_app

asyncio.run(create_app().run())
