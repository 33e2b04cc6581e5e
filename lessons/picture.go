package lessons

import (
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
)

// picture returns the path to save a step's picture called name to:
// out/LESSON-STEP-name, such as out/compression-1-digits.png for
// picture("digits.png") in the first step of lesson compression, so that
// pictures sort in course order and a step can be inserted without
// renaming any. Outside a lesson step it returns out/name.
//
// The REPL predefines its own picture, which knows the step from the
// lesson it is running and saves into the session's out folder. This one
// is for the lessons compiled as Go (their tests): it finds the step from
// the line that calls it, and saves into pictureFolder.
func picture(name string) string {
	_, file, line, ok := runtime.Caller(1)
	if !ok {
		return filepath.Join(pictureFolder, name)
	}
	return filepath.Join(pictureFolder, PictureName(filepath.Base(file), line, name))
}

// pictureFolder is the out folder of the compiled lessons: their tests set
// it before running a lesson.
var pictureFolder = "."

// PictureName returns the file name of a picture called name saved by the
// code at line of file (a lesson file's base name, as Lesson.File has it):
// "LESSON-STEP-name" for a line inside a step of a lesson, step numbered
// from 1, or name itself elsewhere.
func PictureName(file string, line int, name string) string {
	all, err := allLessons()
	if err != nil {
		return name
	}
	for _, l := range all {
		if filepath.Base(l.File) != file {
			continue
		}
		step := -1
		for i, st := range l.Steps {
			if st.Line <= line && line <= st.End {
				step = i
			}
		}
		if step >= 0 {
			return StepPicture(l.Name, step, name)
		}
	}
	return name
}

// StepPicture returns the file name of a picture called name saved by
// step (from 0) of lesson: "LESSON-STEP-name", the step numbered from 1.
func StepPicture(lesson string, step int, name string) string {
	return lesson + "-" + strconv.Itoa(step+1) + "-" + name
}

// allLessons parses the lessons once.
var allLessons = sync.OnceValues(All)
