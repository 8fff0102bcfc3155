from guanxi.cli.main import main

main()
