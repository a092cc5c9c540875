# Sourced by scripts/run-*: the images cvconfig --place-root-images left
# beside a bundle, as QEMU options loading each where it runs. One line
# "<physical address> <file>" each in <bundle>.loads (docs/config.md);
# sets the array `placed` (empty without a .loads file).
placed_loads() {
	local bundle=$1 addr file
	placed=()
	[ -f "$bundle.loads" ] || return 0
	while read -r addr file; do
		if [ ! -f "$file" ]; then
			echo "$bundle.loads: image '$file' not found" >&2
			exit 2
		fi
		placed+=(-device "loader,file=$file,addr=$addr,force-raw=on")
	done <"$bundle.loads"
}
