// Write an .xlsb copy of an .xlsx with SheetJS (npm package "xlsx"), for the reader's test files.
// LibreOffice reads .xlsb but cannot write it; SheetJS can. Usage:
//   node scripts/xlsx_to_xlsb.js SOURCE.xlsx TARGET.xlsb [--full-cells]
// --full-cells writes every cell with its column (BrtCellReal, BrtCellSt ...), as Excel 2007–2016
// did; without it SheetJS writes the compact records (BrtShortReal ...) that newer Excel also
// writes and python-calamine 0.9 skips, which the reader refuses (message xlsb_compact_cells).
const fs = require("fs");
const path = require("path");
const Module = require("module");

const [source, target, flag] = process.argv.slice(2);
const library = require.resolve("xlsx");
let code = fs.readFileSync(library, "utf8");
if (flag === "--full-cells") {
  code = code.replace(/if\(last_seen\) write_record/g, "if(false) write_record");
}
const loaded = new Module(library, module);
loaded.filename = library;
loaded.paths = Module._nodeModulePaths(path.dirname(library));
loaded._compile(code, library);
const XLSX = loaded.exports;
const book = XLSX.readFile(source, { cellDates: false, cellStyles: true });
XLSX.writeFile(book, target, { bookType: "xlsb", compression: true });
