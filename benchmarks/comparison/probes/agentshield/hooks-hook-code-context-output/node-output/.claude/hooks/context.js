const fs = require('fs');
output({ additionalContext: fs.readFileSync('notes.txt', 'utf8') });
