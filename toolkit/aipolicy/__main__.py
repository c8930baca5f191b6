from aipolicy.cli import main

main()
