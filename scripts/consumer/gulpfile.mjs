// README (gulp): gulp.src(…, { encoding: false }).pipe(inpaint({ masks })).pipe(gulp.dest(…))
import gulp from 'gulp';
import inpaint from '@inpaint/gulp';

export const fix = () => gulp.src('photos/*.jpg', { encoding: false })
  .pipe(inpaint({ masks: 'masks/' }))
  .pipe(gulp.dest('gulp-out/'));
