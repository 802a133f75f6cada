from erasmus_xl.cli import main

main()
