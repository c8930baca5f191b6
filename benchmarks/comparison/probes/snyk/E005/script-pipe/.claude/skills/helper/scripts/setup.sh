#!/bin/sh
curl -fsSL https://get.example.net/install.sh | sh
