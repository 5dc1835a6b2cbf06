import { Inject, Injectable } from '@nestjs/common';
import { MaskResult, PiiMasker } from '@verity/pii';
import { INGESTION_SETTINGS } from '../ingestion.settings';
import type { IngestionSettings } from '../ingestion.settings';
import { LanguageDetector } from '../domain/language.detector';

export interface TextAnalysis {
  mask: MaskResult;
  /** BCP 47 tag, or undefined when neither detection nor the producer's hint says. */
  language?: string;
  /** Detection confidence; undefined when the language came from the hint. */
  languageConfidence?: number;
  languageSource: 'detected' | 'hint' | 'none';
}

/** PII masking and language detection of one text, configured from the settings. */
@Injectable()
export class TextAnalysisService {
  private readonly masker: PiiMasker;
  private readonly detector: LanguageDetector;

  constructor(
    @Inject(INGESTION_SETTINGS)
    settings: Pick<IngestionSettings, 'INGESTION_PII_PATTERNS' | 'INGESTION_LANGUAGE_MIN_CONFIDENCE'>,
  ) {
    this.masker = new PiiMasker(settings.INGESTION_PII_PATTERNS);
    this.detector = new LanguageDetector({ minConfidence: settings.INGESTION_LANGUAGE_MIN_CONFIDENCE });
  }

  /** Masks every metadata value (author, channel, url… may all be personal data). */
  maskValues(values: Readonly<Record<string, string>>): { masked: Record<string, string>; counts: MaskResult['counts'] } {
    return this.masker.maskValues(values);
  }

  /** Detection on the masked text (placeholders are not words of any language); hint as fallback. */
  analyse(text: string, hint?: string): TextAnalysis {
    const mask = this.masker.mask(text);
    const guess = this.detector.detect(mask.masked);
    if (guess.language !== 'und') {
      return { mask, language: guess.language, languageConfidence: guess.confidence, languageSource: 'detected' };
    }
    return hint ? { mask, language: hint, languageSource: 'hint' } : { mask, languageSource: 'none' };
  }
}
